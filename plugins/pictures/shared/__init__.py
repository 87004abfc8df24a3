"""What a share link serves beyond JSON: the pictures, movies and attachments of the shared
playlist, and guests' drawings. The data plugin's ``shared.access`` decides what a token opens."""
