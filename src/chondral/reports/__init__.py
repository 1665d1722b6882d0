"""Reports and figures built from library results: charts, case reports (HTML/PDF).

One module per figure: ``plan_3d`` (the plan's 3D view, Plotly), ``plan_clock`` (the plan's
clock-face map, matplotlib), ``outcome_plots`` (outcome charts). Modules here may use the
optional ``figures`` extra (matplotlib, plotly) but import it only inside the functions that
draw, so importing ``chondral.reports`` or one of its modules stays cheap.
"""
