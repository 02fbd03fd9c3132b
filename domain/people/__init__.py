"""The special-groups register (特殊群体): the persons an office looks after."""
