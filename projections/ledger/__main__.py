"""`python -m projections.ledger verify-bundle ...`: the offline check with this package alone."""

import sys

from projections.ledger.proof.offline import main

sys.exit(main())
