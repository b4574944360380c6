"""``python -m household`` runs the restock command line (as the console script does)."""

from household.cli import main

main()
