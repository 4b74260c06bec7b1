"""Ground truth for the spec-review rules: regenerate the SDK from both specs of a fixture pair
with the pinned openapi-python-client and observe what the regenerated code actually does."""
