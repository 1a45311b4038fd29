-- Stable handles user1..user5: scenarios, load tests and the workshop refer to them.
INSERT INTO users (id, name, email) VALUES
 ('user1', 'Ada Lovelace',    'ada@example.com'),
 ('user2', 'Alan Turing',     'alan@example.com'),
 ('user3', 'Grace Hopper',    'grace@example.com'),
 ('user4', 'Edsger Dijkstra', 'edsger@example.com'),
 ('user5', 'Barbara Liskov',  'barbara@example.com');
