"""Run the calculator: `python -m course_lib count --help` lists the options."""

from course_lib.cli import main

raise SystemExit(main())
