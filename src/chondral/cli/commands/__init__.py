"""One module per command group; each exposes ``register(app)``.

``chondral.cli.main`` discovers the modules here, so adding a command means adding a module.
Commands parse arguments, call one service, and format the result; they never hold clinical
logic, and they raise ``ChondralError`` subclasses, which ``main.run`` turns into one line on
stderr and an exit code.
"""
