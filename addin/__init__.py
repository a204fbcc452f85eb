"""pmokit's calculation core: estimates, schedules, resource loading, variance and risk.

Plain Python over NumPy. Nothing in this package except :mod:`pmokit.addin.functions` knows about
Excel, and nothing here imports xlwings, openpyxl, python-pptx or python-docx at load time.
"""
