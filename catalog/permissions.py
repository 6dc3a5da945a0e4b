"""Catalog rights (docs/api.md): requesters read the published catalog, agents read everything,
managers and admins write."""

from accounts.permissions import role_permission
from accounts.roles import Role

CatalogPermission = role_permission(Role.REQUESTER, Role.MANAGER)
