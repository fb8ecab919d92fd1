/*
 * main.c — argv to cli_dispatch(); nothing else.
 */
#include "cli/cli.h"

int main(int argc, char **argv)
{
  return cli_dispatch(argc, argv);
}
