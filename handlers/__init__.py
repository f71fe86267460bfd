"""Feature routers, in the order they are tried. The fallback must stay last."""

from __future__ import annotations

from aiogram import Router

from handlers import (
    announce,
    broadcast,
    counsellor,
    counsellor_chat,
    courses,
    enrolments,
    fallback,
    faq_topics,
    front_door,
    guidance_step,
    intake,
    jobs_step,
    privacy,
    profile,
    service1131,
    settings,
    staff_class_form,
    staff_classes,
    staff_enrolments,
    staff_help,
    staff_identity,
    staff_publish,
    staff_roles,
    staff_stats,
    start,
    subscriptions,
    survey,
    voice,
)


def create_routers() -> list[Router]:
    # Fresh routers on every call: an aiogram Router can be attached to only one parent.
    return [
        voice.create_router(),  # voice messages that could not become text (bot/voice.py makes the rest text)
        counsellor_chat.create_router(),  # early: a menu button leaves the conversation, then does what it says
        start.create_router(),
        privacy.create_router(),
        profile.create_router(),
        intake.create_router(),
        service1131.create_router(),
        guidance_step.create_router(),
        counsellor.create_router(),
        jobs_step.create_router(),
        enrolments.create_router(),
        staff_enrolments.create_router(),
        staff_roles.create_router(),
        staff_identity.create_router(),
        staff_help.create_router(),
        faq_topics.create_router(),
        staff_publish.create_router(),
        staff_class_form.create_router(),  # form answers are typed text: before the course search
        staff_classes.create_router(),
        staff_stats.create_router(),
        broadcast.create_router(),  # its dialogue takes typed text, so before the course search
        announce.create_router(),
        settings.create_router(),
        survey.create_router(),  # a comment being awaited takes the text before the course search
        subscriptions.create_router(),  # its dialogue takes typed text and locations: before the search
        front_door.create_router(),  # typed text no dialogue took: understood, then answered or searched
        courses.create_router(),
        fallback.create_router(),
    ]
