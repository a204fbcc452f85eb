"""pmokit's generators: workbook loader and validator, deck, plan and charter builders, the command.

Pipeline: load → validate → compute → lay out → write atomically. Generators use the calculation
core in :mod:`addin`; nothing in :mod:`addin` imports from here.
"""
