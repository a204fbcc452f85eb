"""pmokit's generators: the deck, charter and plan builders, the Excel buttons and the command.

Pipeline: load (:mod:`pmokit.workbooks`) → validate → compute (:mod:`pmokit.generators.analysis`,
over the calculation core in :mod:`pmokit.addin`) → lay out → write atomically. Nothing in
:mod:`pmokit.workbooks` or :mod:`pmokit.addin` imports from here (``tests/test_layers.py``).
"""
