"""Which addresses a webhook may reach: never the platform itself, loopback, private or link-local networks.

The check runs when an endpoint is saved and again at every delivery, on the addresses the name resolves to
then; the sender connects to the address it checked, so a name that resolves elsewhere a second later (DNS
rebinding) cannot steer a delivery inside. ``ASSAY_WEBHOOK_ALLOW_PRIVATE`` lifts the rule for operators whose
receivers live on their own network (and for tests with a receiver on loopback).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

from assay.errors import InvalidInput

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class Refused(InvalidInput):
    """The URL may not be called: why, in words an admin understands."""


def _kind(address: Address) -> str:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return _kind(address.ipv4_mapped)
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_private or address.is_reserved or address.is_unspecified or address.is_multicast:
        return "a private or reserved address"
    return ""


def _platform_addresses() -> set[str]:
    host = urlsplit(settings.SITE_URL).hostname or ""
    names = {host, *[h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"]}
    return {info[4][0] for name in names for info in _resolve_quietly(name)}


def _resolve_quietly(host: str) -> list[tuple]:
    try:
        return socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []


def check_url(url: str) -> tuple[str, int, str]:
    """The (host, port, scheme) of a URL a webhook may be sent to; Refused otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("A webhook URL starts with https:// (or http://) and names a host.", fields=_field("scheme"))
    if parts.username or parts.password:
        raise Refused("Put no credentials in a webhook URL; verify the signature instead.", fields=_field("auth"))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise Refused("The URL's port is not a number from 1 to 65535.", fields=_field("port")) from None
    return parts.hostname, port, parts.scheme


def resolve(url: str) -> tuple[str, int, str, str]:
    """Check a URL and the address it resolves to now: (host, port, scheme, address to connect to)."""
    host, port, scheme = check_url(url)
    found = _resolve_quietly(host)
    if not found:
        raise Refused(f"{host} does not resolve to an address.", fields=_field("resolve"))
    addresses = [str(info[4][0]) for info in found]
    if not settings.ASSAY_WEBHOOK_ALLOW_PRIVATE:
        for text in addresses:
            why = _kind(ipaddress.ip_address(text.split("%")[0]))
            if why:
                raise Refused(f"{host} resolves to {why} ({text}); webhooks go to public hosts.", fields=_field(why))
        if set(addresses) & _platform_addresses():
            raise Refused(f"{host} is Assay itself; webhooks go to other services.", fields=_field("platform"))
    return host, port, scheme, addresses[0]


def _field(reason: str) -> dict[str, list[str]]:
    return {"url": [f"Refused: {reason}."]}
