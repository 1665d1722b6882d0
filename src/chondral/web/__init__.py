"""The web application: clinician workspace, JSON API and (next) the patient portal.

A Django project whose views are thin adapters over ``chondral.services``: they parse a request,
ask ``access.authorize`` whether the user may act on the case (which also writes the audit
row), call one service and render. Nothing below the services imports this package.

Modules, by concept:

``settings``   configuration from the environment (database URL, data folder, secret key)
``roles``      the four roles and the actions they may take
``access``     the one authorization function every view and endpoint calls
``models``     clinics, profiles, API tokens, cases and their versions, meshes, plans, audit
``store``      saving and loading case versions (validated by the case-file reader)
``audit``      the append-only audit log
``jobs``       background tasks (Django's Tasks API on the database backend)
``security``   security headers and the idle session timeout
``views_*``    the clinician pages; ``api`` the JSON API
"""
