"""ReliefHub's domain: entities, use cases, permissions, matching and persistence."""
