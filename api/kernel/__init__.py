"""The GraphQL plumbing every feature uses: context, ids, nodes, loaders, paging, use cases."""
