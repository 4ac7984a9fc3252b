"""``python -m bench``: run the benchmarks (see :mod:`bench.run`)."""

from bench.run import main

raise SystemExit(main())
