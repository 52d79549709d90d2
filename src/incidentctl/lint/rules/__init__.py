"""One module per lint rule; :data:`incidentctl.lint.registry.RULES` lists them all."""
