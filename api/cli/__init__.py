"""The `lerarenregister` command line, one module per command group.

- `main`: the parser (every group's `add_commands`) and `main`, the console script's entry
  point (`python -m api.cli` runs it too);
- `common`: what the groups share (progress bar, plain refusals, the CLI's actor, opening the
  composition root);
- `core` (serve, demo, token, projections, replay), `backup`, `decisions`, `outbox`,
  `ledger`, `samples`, `privacy`, `witness`: the groups.

Groups import `common` and nothing else of this package but a sibling's helper
(`decisions` prints retention as `privacy` does); none imports `main`, so there is no cycle.
"""
