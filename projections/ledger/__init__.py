"""The verifiable audit ledger: a Certificate Transparency style Merkle tree over the event log.

One package, in two rings (docs/ledger.md):

- ``proof/``: the pure core (hashing, proofs, leaf encoding, signed checkpoints and notes,
  tiles, witness cosigning, offline bundle, proof and extract verification). It imports nothing
  of ours and touches no register database, so an auditor can run it, or re-implement it, with
  only the public key and a file (an import contract in pyproject.toml holds it to that).
- around it, the register's side: ``batch`` (leaf hashes and subtree roots for a batch of
  events), ``sql`` (the ledger's tables and their statements), ``projection`` (the ``Ledger``
  projection that appends leaves and signs checkpoints), ``queries`` (proofs, bundles, tiles
  and checkpoints read from the tables) and ``verify`` (the full re-check of the ledger against
  the stored events).

This module imports nothing, so ``python -m projections.ledger verify-bundle ...`` needs only
the ``proof`` sub-package and ``cryptography``.
"""
