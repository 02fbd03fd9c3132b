"""The shared kernel below the features: database, auth, errors, ids, paging, regions."""
