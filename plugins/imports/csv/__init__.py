"""CSV imports: the reader every CSV route shares, and one module per kind of rows."""
