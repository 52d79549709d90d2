"""The learn phase: postmortem deadlines, postmortem documents, handoff facts."""
