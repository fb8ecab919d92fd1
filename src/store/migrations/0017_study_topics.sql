-- 0017_study_topics.sql — the default topic tree of the materials library
-- (学习资料分类).  Fixed ids so that seeds and tests can name them; the
-- paths follow study_topic's materialised-path rule ("/<id>/" for a root
-- topic).  Administrators add, rename and delete topics in the UI
-- (学习 → 资料分类); a topic still holding materials cannot be deleted.
INSERT INTO study_topic(id, parent_id, name, sort, path, created_at, updated_at) VALUES
  (1, NULL, '党史',           1, '/1/', 1767225600000, 1767225600000),
  (2, NULL, '新中国史',       2, '/2/', 1767225600000, 1767225600000),
  (3, NULL, '改革开放史',     3, '/3/', 1767225600000, 1767225600000),
  (4, NULL, '社会主义发展史', 4, '/4/', 1767225600000, 1767225600000),
  (5, NULL, '全会精神',       5, '/5/', 1767225600000, 1767225600000),
  (6, NULL, '重要讲话',       6, '/6/', 1767225600000, 1767225600000),
  (7, NULL, '党内法规',       7, '/7/', 1767225600000, 1767225600000),
  (8, NULL, '理论学习',       8, '/8/', 1767225600000, 1767225600000),
  (9, NULL, '先进典型',       9, '/9/', 1767225600000, 1767225600000);
