"""Residents by chat: a WhatsApp (or SMS) conversation that mirrors the public form.

``engine.py`` is the state machine (one ``ChatConversation`` row per number, in the database so
it survives restarts, expiring after a day); ``steps.py`` asks and checks each answer through the
public form's own fields; ``commands.py`` answers "cek", "bantuan", "batal", "berhenti",
"english"/"bahasa"; ``updates.py`` relays officers' questions and public updates to a reporter
who opted in. The handler is registered with ``ngopi.notifications.inbound`` (order 100) in
``AspirationsConfig.ready``. docs/whatsapp-residents.md tells the conversation.
"""
