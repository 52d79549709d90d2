"""Readers that turn files into the typed model (Prometheus rules, Backstage)."""
