"""`python -m mock_interviewer` runs the same entry point as the console script."""

from mock_interviewer.cli import main

raise SystemExit(main())
