"""The mapper that keeps personal fields encrypted at rest, per person.

Selected through the library's settings (``MAPPER_TOPIC``, see :func:`personal_data_env`; the
recorders that store a new person's key in the same transaction as their first events are in
:mod:`domain.store.recorder`), so aggregates and projections see plain values: only the
stored bytes differ. For an event type declared in :mod:`domain.personal`, the personal fields
that hold a value are taken out of the event's state, encoded, and encrypted with AES-256-GCM
under the person's data key; the stored event's originator id, version and topic are the
associated data, so a ciphertext moved to another event does not open. What is stored in their
place is one envelope field, ``_personal``: the person, the sealed field names, and
nonce + ciphertext (base64).

Reading: with the key, the fields come back as they were written; once the key is destroyed,
each sealed field reads as its documented placeholder and nothing raises. Events written
before the store was migrated carry their personal fields in plain form; once that person is
erased they read as placeholders too (their bytes stay in the log: see docs/privacy.md).
"""

from __future__ import annotations

import json
import os
from base64 import b64decode, b64encode
from collections.abc import Sequence
from json.encoder import (  # type: ignore[attr-defined]
    c_make_encoder,
    encode_basestring,
    encode_basestring_ascii,
)
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from eventsourcing.persistence import (
    Mapper,
    MapperDeserialisationError,
    StoredEvent,
)
from eventsourcing.utils import get_topic

from domain.keystore import DataKeys
from domain.personal import PersonalFields, personal_fields, placeholder
from domain.store import StoreConfig

#: The field that carries the sealed personal fields in a stored event's state.
SEALED = "_personal"
_NONCE = 12


def associated_data(originator_id: UUID, version: int, topic: str) -> bytes:
    """What binds a ciphertext to its one stored event."""
    return f"{originator_id}|{version}|{topic}".encode()


def personal_data_env(store: StoreConfig) -> dict[str, str]:
    """The library settings that select this mapper and the store's key-writing recorder."""
    return {
        "MAPPER_TOPIC": "domain.personal_mapper:PersonalDataMapper",
        "APPLICATION_RECORDER_TOPIC": store.recorder_topic,
    }


class PersonalDataMapper(Mapper[UUID]):
    """A `Mapper` that seals declared personal fields under each person's own data key.

    Without bound keys (:meth:`bind`) it maps like the library's mapper.
    """

    keys: DataKeys | None = None

    def bind(self, keys: DataKeys | None) -> None:
        self.keys = keys

    def _encode_sealed(self, sealed: dict[str, Any]) -> bytes:
        """The sealed values as the transcoder writes them; its C encoder made once, not per
        event (a bulk load seals most of its events)."""
        encode = self.__dict__.get("_sealed_encoder")
        if encode is None:
            encoder = getattr(self.transcoder, "encoder", None)
            if c_make_encoder is None or not isinstance(encoder, json.JSONEncoder):
                return self.transcoder.encode(sealed)
            encode = self.__dict__["_sealed_encoder"] = c_make_encoder(
                None,  # no check for cycles: an event's state has none
                encoder.default,
                encode_basestring_ascii if encoder.ensure_ascii else encode_basestring,
                None,
                encoder.key_separator,
                encoder.item_separator,
                encoder.sort_keys,
                encoder.skipkeys,
                encoder.allow_nan,
            )
        return "".join(encode(sealed, 0)).encode("utf8")

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        keys = self.keys
        if keys is None:
            return super().to_stored_event(domain_event)
        topic = get_topic(type(domain_event))
        spec = personal_fields(topic)
        if spec is None:
            return super().to_stored_event(domain_event)
        state: dict[str, Any] = vars(domain_event)
        person = spec.person(domain_event.originator_id, state)
        if person is None:
            return super().to_stored_event(domain_event)
        sealed = spec.values_in(state)
        if not sealed:
            return super().to_stored_event(domain_event)
        if not spec.create:
            if keys.is_destroyed(person):
                aead = None
            else:
                aead = keys.existing(person)
                if aead is None:  # no person's data: no key to seal under, none made
                    return super().to_stored_event(domain_event)
        else:
            # The event that creates the person's own file needs no look-up: no key exists yet.
            is_new = person == domain_event.originator_id and domain_event.originator_version == 1
            aead = keys.for_write(person, new=is_new)
        if aead is None:
            # The person was erased: their fields are not written again, not even encrypted.
            erased = _replaced(state, {f: spec.placeholder(f) for f in sealed})
            return super().to_stored_event(_with_state(domain_event, erased))
        nonce = os.urandom(_NONCE)
        aad = associated_data(domain_event.originator_id, domain_event.originator_version, topic)
        ciphertext = aead.encrypt(nonce, self._encode_sealed(sealed), aad)
        if spec.nested:
            rest = _replaced(state, dict.fromkeys(sealed, _GONE))
            for name in _ORIGIN:
                rest.pop(name)
        else:  # the common case: top-level fields, one copy of the state
            rest = {k: v for k, v in state.items() if k not in sealed and k not in _ORIGIN}
        rest[SEALED] = {
            "person": str(person),
            "fields": list(sealed),
            "data": b64encode(nonce + ciphertext).decode("ascii"),
        }
        return self._stored(domain_event, topic, rest)

    def _stored(self, domain_event: Any, topic: str, event_state: dict[str, Any]) -> StoredEvent:
        """What the library's `to_stored_event` does, from a state already copied without the
        originator's id and version (the same bytes, one copy fewer per sealed event)."""
        class_version = getattr(type(domain_event), "class_version", 1)
        if class_version > 1:
            event_state["class_version"] = class_version
        stored_state = self.transcoder.encode(event_state)
        if self.compressor:
            stored_state = self.compressor.compress(stored_state)
        if self.cipher:
            stored_state = self.cipher.encrypt(stored_state)
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=topic,
            state=stored_state,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        event = super().to_domain_event(stored_event)
        keys = self.keys
        state: dict[str, Any] = event.__dict__
        envelope = state.pop(SEALED, None)
        if envelope is None:
            if keys is not None:
                self._mask_if_erased(stored_event.topic, state, keys)
            return event
        person = UUID(envelope["person"])
        fields: Sequence[str] = envelope["fields"]
        aead = keys.for_read(person) if keys is not None else None
        if aead is None:
            spec = personal_fields(stored_event.topic)
            for f in fields:
                put(state, f, spec.placeholder(f) if spec is not None else placeholder(f))
            return event
        raw = b64decode(envelope["data"])
        aad = associated_data(
            stored_event.originator_id,  # type: ignore[arg-type]
            stored_event.originator_version,
            stored_event.topic,
        )
        try:
            opened = aead.decrypt(raw[:_NONCE], raw[_NONCE:], aad)
        except InvalidTag:
            msg = (
                f"personal fields of stored event {stored_event.topic} "
                f"{stored_event.originator_id} v{stored_event.originator_version} do not open "
                "with the person's key: altered, or moved from another event"
            )
            raise MapperDeserialisationError(msg) from None
        opened_state: dict[str, Any] = self.transcoder.decode(opened)
        for path, value in opened_state.items():
            if "." in path:
                put(state, path, value)
            else:
                state[path] = value
        return event

    @staticmethod
    def _mask_if_erased(topic: str, state: dict[str, Any], keys: DataKeys) -> None:
        """A plain (pre-migration) event of an erased person reads with placeholders."""
        spec: PersonalFields | None = personal_fields(topic)
        if spec is None:
            return
        person = spec.person(state["originator_id"], state)
        if person is not None and keys.is_destroyed(person):
            for f in spec.values_in(state):
                put(state, f, spec.placeholder(f))


#: Marks a sealed value to leave out of the stored state.
_GONE = object()
#: Stored beside the state, not in it.
_ORIGIN = ("originator_id", "originator_version")


def _replaced(state: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """A copy of `state` with each (dotted) path set to its value, or left out for `_GONE`.

    Only the dicts along a path are copied: the event object keeps its own values.
    """
    copy = dict(state)
    for path, value in values.items():
        *parents, leaf = path.split(".")
        node = copy
        for name in parents:
            node[name] = dict(node[name])
            node = node[name]
        if value is _GONE:
            node.pop(leaf, None)
        else:
            node[leaf] = value
    return copy


def put(state: dict[str, Any], path: str, value: Any) -> None:
    """Set a (dotted) path in a freshly decoded state, in place."""
    *parents, leaf = path.split(".")
    node = state
    for name in parents:
        node = node[name]
    node[leaf] = value


def _with_state(domain_event: Any, state: dict[str, Any]) -> Any:
    """A copy of the event object with another state, for the library's mapping to store."""
    copy = object.__new__(type(domain_event))
    object.__setattr__(copy, "__dict__", state)
    return copy
