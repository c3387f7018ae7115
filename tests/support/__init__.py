"""What the tests share that is not a fixture: builders, servers, checks, the quote scorer."""
