"""The composition root: the `reliefhub` command wires domain, api and workers."""
