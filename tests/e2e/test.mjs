/*
 * `node --test tests/e2e/` runs this file (node's default pattern matches
 * test.mjs; *.spec.mjs does not). It imports the specs in the order the
 * stories need: the first-login password change comes before anything
 * that logs in with LUOSHI_ADMIN_NEWPASS. One spec alone:
 *   node --test tests/e2e/member-menu.spec.mjs
 */
import './login.spec.mjs'
import './admin-create.spec.mjs'
import './member-menu.spec.mjs'
import './ledger.spec.mjs'
import './ledger-flow.spec.mjs'
import './ledger-import.spec.mjs'
import './ledger-calendar.spec.mjs'
import './ledger-admin.spec.mjs'
import './study-reading.spec.mjs'
import './study-session.spec.mjs'
import './study-reflection.spec.mjs'
import './study-stats.spec.mjs'
import './study-plans.spec.mjs'
import './study-search.spec.mjs'
import './study-materials.spec.mjs'
import './study-flow.spec.mjs'
import './screenshots.spec.mjs'
