"""Messages (text and buttons) that the layers below the handlers compose too: the scheduler sends surveys,
new-class alerts and broadcast progress, and services write notices to the outbox. Handlers import them from
here; nothing here imports a handler. The sentences themselves live in bot/texts."""
