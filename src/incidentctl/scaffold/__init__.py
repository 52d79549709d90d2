"""Scaffolding: plan documents from templates (pure), then write them."""
