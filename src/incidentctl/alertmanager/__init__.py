"""Alertmanager routing: one model, built from the policy, rendered as CR or plain."""
