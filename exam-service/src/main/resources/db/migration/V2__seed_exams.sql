-- Two exams about service meshes with stable ids (exams 1 and 2, questions 101..105 and 201..205): scenarios,
-- load tests and the workshop refer to them. Answers are the choice labels themselves.
INSERT INTO exam (id, title, description) VALUES
 (1, 'Service mesh security', 'Identity, mutual TLS and who may call whom.'),
 (2, 'Service mesh resilience and traffic', 'Retries, timeouts, canaries, circuit breaking and fault injection.');

INSERT INTO question (id, exam_id, position, text, correct_choice) VALUES
 (101, 1, 1, 'Which Istio PeerAuthentication mode refuses plain-text traffic between workloads?', 'STRICT'),
 (102, 1, 2, 'What does mutual TLS prove that one-way TLS does not?', 'the client''s identity'),
 (103, 1, 3, 'Which header does the Istio sidecar use to pass the caller''s SPIFFE identity to the application?', 'x-forwarded-client-cert'),
 (104, 1, 4, 'Which part of a mesh issues the workload certificates used for mTLS?', 'the control plane'),
 (105, 1, 5, 'With Linkerd, what does a Server with an AuthorizationPolicy for one ServiceAccount do to other callers?', 'refuses them'),
 (201, 2, 1, 'Which requests may a mesh retry automatically without risk?', 'idempotent ones such as GET'),
 (202, 2, 2, 'A canary gets 10 % of the traffic. What decides which version a request reaches?', 'weighted routing in the mesh'),
 (203, 2, 3, 'What does Istio outlier detection do with an endpoint that keeps failing?', 'ejects it for a while'),
 (204, 2, 4, 'Why should a callee''s timeout be shorter than its caller''s?', 'so the caller gets an answer before giving up'),
 (205, 2, 5, 'What does fault injection in the mesh let you test?', 'how callers cope with delays and errors');

INSERT INTO question_choice (question_id, position, label) VALUES
 (101, 0, 'PERMISSIVE'), (101, 1, 'STRICT'), (101, 2, 'DISABLE'), (101, 3, 'UNSET'),
 (102, 0, 'the server''s identity'), (102, 1, 'the client''s identity'), (102, 2, 'that the payload is compressed'),
 (103, 0, 'x-request-id'), (103, 1, 'x-forwarded-client-cert'), (103, 2, 'l5d-client-id'), (103, 3, 'traceparent'),
 (104, 0, 'the sidecar proxy'), (104, 1, 'the application'), (104, 2, 'the control plane'), (104, 3, 'the ingress gateway'),
 (105, 0, 'lets them through'), (105, 1, 'refuses them'), (105, 2, 'logs them only'),
 (201, 0, 'every POST'), (201, 1, 'idempotent ones such as GET'), (201, 2, 'only requests with a body'),
 (202, 0, 'DNS round robin'), (202, 1, 'the client library'), (202, 2, 'weighted routing in the mesh'), (202, 3, 'the database'),
 (203, 0, 'restarts its pod'), (203, 1, 'ejects it for a while'), (203, 2, 'retries it forever'),
 (204, 0, 'so the caller gets an answer before giving up'), (204, 1, 'to save memory'), (204, 2, 'all timeouts must be equal'),
 (205, 0, 'the speed of the network card'), (205, 1, 'the database schema'), (205, 2, 'how callers cope with delays and errors');
