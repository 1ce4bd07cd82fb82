"""`python -m onboarding` runs the same CLI as the console script."""

import sys

from onboarding.cli import main

sys.exit(main())
