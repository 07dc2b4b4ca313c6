"""The embedded default: moto on 127.0.0.1, the real handlers driven by a dispatcher, a local API."""
