"""`python -m projections.ledger.proof verify-bundle ...`: as `python -m projections.ledger`."""

import sys

from projections.ledger.proof.offline import main

sys.exit(main())
