"""The run machinery: the cache folder, the cached stages, the process pool, the Dask path and
the output set.

- :mod:`~analysis.run.cache`: the cache folder (data-only ``.npz`` entries) and digests;
- :mod:`~analysis.run.arrays`: results as plain arrays for the cache;
- :mod:`~analysis.run.stages`: the cached stages (slogans, themes);
- :mod:`~analysis.run.comparison`: the cached comparisons and trends;
- :mod:`~analysis.run.rendered`: the cached renderings (the figures' key, the PDF, the font subset);
- :mod:`~analysis.run.pool`: a ``fork`` process pool over runs of similar size;
- :mod:`~analysis.run.cluster`: segmentation and counting on a Dask scheduler;
- :mod:`~analysis.run.inputs`: ``--out`` and the cache kept apart from the inputs;
- :mod:`~analysis.run.outputs`: the output set and the lock.

Import the sub-modules themselves: this package's ``__init__`` imports nothing, so that
:mod:`analysis.segment` can use the cache without an import cycle.
"""
