# IntelGraph attribute-based access control (ABAC).
#
# Default-deny ABAC for the IntelGraph orchestrator store. Query data.intelgraph.abac.decision
# with an input of the PolicyInput shape; it always yields
# {"allow", "reasons", "obligations", "policyVersion"}. All tables (roles, governance and
# destructive actions, classification ranks, the policy version) live in data.json under
# data.intelgraph.abac; the in-process TypeScript engine reads the same document and must
# decide identically.
#
# Rule order: the tenant check decides alone (["tenant_mismatch"]); then an unknown action
# decides alone (["unknown_action"]); otherwise every failing rule is reported, sorted.
# No rule here may share a name with a key of data.json (both live at data.intelgraph.abac).
package intelgraph.abac

import rego.v1

# ---------------------------------------------------------------------------------------------
# Decision
# ---------------------------------------------------------------------------------------------

# The one document clients query: POST /v1/data/intelgraph/abac/decision {"input": ...}.
decision := {
	"allow": allow,
	"reasons": reasons,
	"obligations": sort([o | some o in obligation_set]),
	"policyVersion": data.intelgraph.abac.policyVersion,
}

default allow := false

allow if {
	tenant_ok
	known_action
	count(rule_failures) == 0
}

reasons := ["tenant_mismatch"] if {
	not tenant_ok
}

reasons := ["unknown_action"] if {
	tenant_ok
	not known_action
}

reasons := sort([r | some r in rule_failures]) if {
	tenant_ok
	known_action
	count(rule_failures) > 0
}

reasons := ["role_permitted"] if {
	tenant_ok
	known_action
	count(rule_failures) == 0
}

# ---------------------------------------------------------------------------------------------
# Rule 1: tenant isolation (platform actions are checked against the platform tenant)
# ---------------------------------------------------------------------------------------------

platform_action if {
	input.action in data.intelgraph.abac.platformActions
}

expected_tenant := data.intelgraph.abac.platformTenantId if {
	platform_action
}

expected_tenant := input.resource.tenantId if {
	not platform_action
}

tenant_ok if {
	is_string(input.subject.tenantId)
	input.subject.tenantId == expected_tenant
}

# ---------------------------------------------------------------------------------------------
# Rule 2: the action must be in the vocabulary
# ---------------------------------------------------------------------------------------------

known_action if {
	input.action in data.intelgraph.abac.actions
}

# ---------------------------------------------------------------------------------------------
# Rules 3-8: every failing rule is reported
# ---------------------------------------------------------------------------------------------

rule_failures contains "role_not_permitted" if {
	count(granting_roles) == 0
}

rule_failures contains "insufficient_clearance" if {
	not clearance_ok
}

rule_failures contains "mfa_required" if {
	governance_action
	not mfa_ok
}

rule_failures contains "dual_control_required" if {
	destructive_action
	not dual_control_ok
}

rule_failures contains "not_assignee" if {
	agent_only
	assignee_scoped
	not is_assignee
}

rule_failures contains "not_channel_member" if {
	agent_only
	member_scoped
	not is_member
}

# --- roles: any role of the subject may grant the action -------------------------------------

granting_roles contains role if {
	is_array(input.subject.roles)
	some role in input.subject.roles
	is_string(role)
	input.action in data.intelgraph.abac.roles[role]
}

# The agent restrictions apply only when the agent role is the sole role granting the action,
# so giving a subject one more role never turns an allow into a deny.
agent_only if {
	granting_roles == {data.intelgraph.abac.agentScope.role}
}

# --- clearance ------------------------------------------------------------------------------

resource_classification := object.get(input.resource, "classification", data.intelgraph.abac.defaultClassification)

clearance_ok if {
	subject_rank := data.intelgraph.abac.classificationRanks[input.subject.clearance]
	resource_rank := data.intelgraph.abac.classificationRanks[resource_classification]
	subject_rank >= resource_rank
}

# --- MFA for governance ---------------------------------------------------------------------

governance_action if {
	input.action in data.intelgraph.abac.governanceActions
}

mfa_ok if {
	input.subject.mfa == true
}

# --- dual control for destructive actions ---------------------------------------------------

destructive_action if {
	input.action in data.intelgraph.abac.destructiveActions
}

independent_approvers contains approver if {
	is_string(input.subject.id)
	is_array(input.context.approvals)
	some approver in input.context.approvals
	is_string(approver)
	approver != input.subject.id
}

dual_control_ok if {
	count(independent_approvers) >= data.intelgraph.abac.dualControlMinApprovers
}

# --- agent scope: tasks assigned to it, channels it belongs to ------------------------------

has_resource_id if {
	is_string(input.resource.id)
	input.resource.id != ""
}

assignee_scoped if {
	input.action in data.intelgraph.abac.agentScope.assigneeActions
}

assignee_scoped if {
	input.action in data.intelgraph.abac.agentScope.assigneeActionsWithResourceId
	has_resource_id
}

is_assignee if {
	is_string(input.subject.id)
	input.resource.assignee == input.subject.id
}

member_scoped if {
	input.action in data.intelgraph.abac.agentScope.memberActions
}

member_scoped if {
	input.action in data.intelgraph.abac.agentScope.memberActionsWithResourceId
	has_resource_id
}

is_member if {
	is_string(input.subject.id)
	is_array(input.resource.members)
	input.subject.id in input.resource.members
}

# ---------------------------------------------------------------------------------------------
# Obligations (only on allow)
# ---------------------------------------------------------------------------------------------

obligation_set contains obligation if {
	allow
	some obligation in data.intelgraph.abac.obligationRules.onAllow
}

obligation_set contains obligation if {
	allow
	mask_payload_applies
	obligation := data.intelgraph.abac.obligationRules.maskPayload.obligation
}

# Masked when every role granting the read is a masked role (viewer, analyst).
mask_payload_applies if {
	input.action in data.intelgraph.abac.obligationRules.maskPayload.actions
	resource_classification in data.intelgraph.abac.obligationRules.maskPayload.classifications
	every role in granting_roles {
		role in data.intelgraph.abac.obligationRules.maskPayload.roles
	}
}
