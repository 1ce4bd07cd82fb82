"""Registration paths as statechart documents (python-statemachine's native YAML).

The documents are package data; `onboarding.flow` loads them with `trusted=False`.
"""
