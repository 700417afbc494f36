"""The official MCP Python SDK (PyPI `mcp` 2.3.0) as a client of the gateway, driven by the
end-to-end tests (tests/e2e/clients.test.mjs) over JSON lines on stdin and stdout.

    python_client.py <mcp-url> [--mode legacy|2026-07-28] [--redirect-uri URI]

The SDK does everything an MCP client does on its own: the 401, protected resource metadata,
authorization server metadata, dynamic client registration, PKCE, the token exchange, and a
new authorization when the gateway answers 403 `insufficient_scope` (step-up). Only the person
in the browser is played by the test: when the SDK wants the user to visit the authorization
URL, this script prints

    {"event": "authorize", "url": "<authorization URL>"}

and waits for the test to answer on stdin with

    {"callback": "<the redirect URI the gateway sent the browser to, with code, state, iss>"}

Once connected it prints {"event": "ready", ...} and then serves commands, one JSON object a
line, answering each with one line:

    {"command": "list_tools"}                                 -> {"event": "tools", "tools": [...]}
    {"command": "call", "name": "...", "arguments": {...}}    -> {"event": "result", "result": {...}}
    {"command": "tokens"}                                     -> {"event": "tokens", "scope": "..."}
    {"command": "exit"}                                       -> {"event": "bye"}

A command that fails answers {"event": "error", "message": "..."}; the session goes on. A
failure of the connection itself prints {"event": "fatal", "message": "..."} and ends the
process. Everything else the SDK says goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import traceback
from typing import Any
from urllib.parse import parse_qs, urlparse

import anyio
import httpx2
from pydantic import AnyUrl

from mcp import Client, types
from mcp.client.auth import AuthorizationCodeResult, OAuthClientProvider
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import OAuthClientInformationFull, OAuthClientMetadata, OAuthToken


def emit(event: str, **fields: Any) -> None:
    """One JSON line on stdout (the only thing ever written there)."""
    sys.stdout.write(json.dumps({"event": event, **fields}) + "\n")
    sys.stdout.flush()


class MemoryStorage:
    """Tokens and the registered client, kept for this process only."""

    def __init__(self) -> None:
        self.tokens: OAuthToken | None = None
        self.client_info: OAuthClientInformationFull | None = None

    async def get_tokens(self) -> OAuthToken | None:
        return self.tokens

    async def set_tokens(self, tokens: OAuthToken) -> None:
        self.tokens = tokens

    async def get_client_info(self) -> OAuthClientInformationFull | None:
        return self.client_info

    async def set_client_info(self, client_info: OAuthClientInformationFull) -> None:
        self.client_info = client_info


class Stdin:
    """Routes stdin lines: callback URLs to the OAuth flow, everything else to the command loop."""

    def __init__(self) -> None:
        self.callbacks_in, self.callbacks = anyio.create_memory_object_stream[str](8)
        self.commands_in, self.commands = anyio.create_memory_object_stream[dict[str, Any]](8)

    async def pump(self) -> None:
        async for line in anyio.wrap_file(sys.stdin):
            line = line.strip()
            if not line:
                continue
            message = json.loads(line)
            if "callback" in message:
                await self.callbacks_in.send(message["callback"])
            else:
                await self.commands_in.send(message)
        await self.commands_in.send({"command": "exit"})


def dump(model: Any) -> Any:
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--mode", default="legacy")
    parser.add_argument("--redirect-uri", default="http://127.0.0.1:8976/callback")
    parser.add_argument("--client-name", default="gateway-e2e (Python SDK)")
    options = parser.parse_args()

    stdin = Stdin()
    storage = MemoryStorage()

    async def redirect_handler(authorization_url: str) -> None:
        emit("authorize", url=authorization_url)

    async def callback_handler() -> AuthorizationCodeResult:
        callback = await stdin.callbacks.receive()
        query = parse_qs(urlparse(callback).query)
        if "error" in query:
            raise RuntimeError(f"the authorization was refused: {callback}")
        first = lambda name: query.get(name, [None])[0]  # noqa: E731
        return AuthorizationCodeResult(code=first("code") or "", state=first("state"), iss=first("iss"))

    oauth = OAuthClientProvider(
        server_url=options.url,
        client_metadata=OAuthClientMetadata(
            client_name=options.client_name,
            redirect_uris=[AnyUrl(options.redirect_uri)],
            token_endpoint_auth_method="none",
        ),
        storage=storage,
        redirect_handler=redirect_handler,
        callback_handler=callback_handler,
    )

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(stdin.pump)
        try:
            await serve(options.url, options.mode, oauth, storage, stdin)
        except BaseException as error:  # noqa: BLE001 - reported, then the process ends
            traceback.print_exc(file=sys.stderr)
            emit("fatal", message=f"{type(error).__name__}: {error}")
            finish(1)
        emit("bye")
        finish(0)


def finish(status: int) -> None:
    """Ends the process at once: the stdin reader is a thread that no cancellation reaches."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


async def serve(url: str, mode: str, oauth: OAuthClientProvider, storage: MemoryStorage, stdin: Stdin) -> None:
    async with httpx2.AsyncClient(auth=oauth, timeout=30) as http:
        async with Client(streamable_http_client(url, http_client=http), mode=mode) as client:
            if mode not in ("legacy", "auto"):
                # A pinned modern version is adopted without a word on the wire (from a
                # synthesized DiscoverResult); ask the server itself with server/discover at
                # that version before anything else, so the OAuth flow runs at connect, and
                # adopt its answer.
                raw = await client.session.send_discover(mode)
                client.session.adopt(types.DiscoverResult.model_validate(raw))
            server = client.server_info
            emit(
                "ready",
                protocol_version=client.protocol_version,
                server=dump(server) if server is not None else None,
            )
            async for command in stdin.commands:
                name = command.get("command")
                if name == "exit":
                    return
                try:
                    if name == "list_tools":
                        listing = await client.list_tools()
                        tools = [dump(tool) for tool in listing.tools]
                        while listing.next_cursor:
                            listing = await client.list_tools(cursor=listing.next_cursor)
                            tools += [dump(tool) for tool in listing.tools]
                        emit("tools", tools=tools)
                    elif name == "call":
                        result = await client.call_tool(command["name"], command.get("arguments") or {})
                        emit("result", result=dump(result))
                    elif name == "tokens":
                        tokens = storage.tokens
                        emit("tokens", scope=tokens.scope if tokens else None)
                    else:
                        emit("error", message=f"unknown command {name!r}")
                except Exception as error:  # noqa: BLE001 - reported to the test, the session goes on
                    traceback.print_exc(file=sys.stderr)
                    emit("error", message=f"{type(error).__name__}: {error}")


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    anyio.run(main)
