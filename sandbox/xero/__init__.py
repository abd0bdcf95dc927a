"""In-process Xero sandbox server (identity, connections, accounting) for tests and demos."""

from sandbox.xero.faults import Fault, FaultInjector
from sandbox.xero.sandbox import XeroSandbox
from sandbox.xero.server import RecordedCall
from sandbox.xero.store import Attachment, Tenant

__all__ = ["Attachment", "Fault", "FaultInjector", "RecordedCall", "Tenant", "XeroSandbox"]
