"""Reports and figures built from library results: charts, case reports (HTML/PDF).

Modules here may use the optional ``figures`` extra (matplotlib, plotly) but import it only
inside the functions that draw, so importing ``chondral.reports`` stays cheap.
"""
