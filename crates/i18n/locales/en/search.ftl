# Catalog search.

search-query-too-long = The search text has { $length } characters, but at most { $max } are allowed; shorten it and search again.
search-limit-out-of-range = The page size (limit) must be from 1 to { $max }, but { $limit } was given.
search-offset-too-large = The offset must be at most { $max }, but { $offset } was given; narrow the search instead.
search-node-id = Invalid node id in the search: { $reason }
search-dictionary = Line { $line } of the search dictionary { $file } is invalid: a dictionary line is "word frequency", and a synonym line has at least two words.
search-index-exists = The folder { $path } already holds a search index; open it, or create the index in an empty folder.
search-index-missing = The folder { $path } holds no search index; create one first.
search-schema-mismatch = The search index in { $path } was built by another version with other fields; delete it and build it again.
search-io = The search index folder { $path } could not be created: { $error }
search-index-failed = Reading or writing the search index failed: { $error }
