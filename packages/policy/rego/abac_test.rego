# Unit tests of the intelgraph.abac pack: opa test packages/policy/rego -v
# Each rule is tested allowed and denied; vectors/decisions.json holds the full matrix
# (run it against a live OPA with tools/policy/opa-vectors.mjs).
package intelgraph.abac_test

import rego.v1

tenant_a := "0195f7a2-1c3d-7e4f-8a5b-6c7d8e9f0a1b"

tenant_b := "0195f7a2-9999-7e4f-8a5b-6c7d8e9f0a1b"

platform_tenant := "00000000-0000-0000-0000-000000000000"

# A subject of tenant A with every attribute satisfied except its roles.
subject(roles) := {
	"id": "user-1",
	"tenantId": tenant_a,
	"roles": roles,
	"clearance": "restricted",
	"mfa": true,
}

agent_subject := {
	"id": "agent-7",
	"tenantId": tenant_a,
	"roles": ["agent"],
	"clearance": "restricted",
	"mfa": true,
}

platform_subject := {
	"id": "root-1",
	"tenantId": platform_tenant,
	"roles": ["platform_admin"],
	"clearance": "restricted",
	"mfa": true,
}

resource(kind) := {"type": kind, "tenantId": tenant_a}

request(sub, action, res) := {"subject": sub, "action": action, "resource": res}

decide(req) := d if {
	d := data.intelgraph.abac.decision with input as req
}

allowed(req) if {
	d := decide(req)
	d.allow == true
	d.reasons == ["role_permitted"]
}

denied(req, reasons) if {
	d := decide(req)
	d.allow == false
	d.reasons == reasons
	d.obligations == []
}

# --- decision shape ---------------------------------------------------------------------------

test_decision_carries_the_policy_version if {
	d := decide(request(subject(["tenant_admin"]), "loop:create", resource("loop")))
	d.policyVersion == data.intelgraph.abac.policyVersion
	d.obligations == ["audit"]
}

test_empty_input_is_denied if {
	d := data.intelgraph.abac.decision with input as {}
	d.allow == false
	d.reasons == ["tenant_mismatch"]
}

# --- tenant isolation -------------------------------------------------------------------------

test_tenant_admin_allowed_in_own_tenant if {
	allowed(request(subject(["tenant_admin"]), "loop:create", resource("loop")))
}

test_tenant_mismatch_denied if {
	res := {"type": "loop", "tenantId": tenant_b}
	denied(request(subject(["tenant_admin"]), "loop:read", res), ["tenant_mismatch"])
}

test_tenant_mismatch_is_reported_alone if {
	sub := object.union(subject(["viewer"]), {"clearance": "public", "mfa": false})
	res := {"type": "loop", "tenantId": tenant_b, "classification": "restricted"}
	denied(request(sub, "loop:explode", res), ["tenant_mismatch"])
}

# --- action vocabulary ------------------------------------------------------------------------

test_unknown_action_denied if {
	denied(request(subject(["tenant_admin"]), "loop:explode", resource("loop")), ["unknown_action"])
}

test_unknown_action_is_reported_alone if {
	sub := object.union(subject([]), {"mfa": false, "clearance": "public"})
	denied(request(sub, "tenant:delete_everything", resource("tenant")), ["unknown_action"])
}

# --- roles ------------------------------------------------------------------------------------

test_operator_allowed_to_pause_a_loop if {
	allowed(request(subject(["operator"]), "loop:pause", resource("loop")))
}

test_viewer_not_permitted_to_create if {
	denied(request(subject(["viewer"]), "loop:create", resource("loop")), ["role_not_permitted"])
}

test_viewer_allowed_to_read if {
	allowed(request(subject(["viewer"]), "experiment:read", resource("experiment")))
}

test_auditor_allowed_to_read_audit if {
	allowed(request(subject(["auditor"]), "audit:read", resource("audit")))
}

test_auditor_not_permitted_to_read_loops if {
	denied(request(subject(["auditor"]), "loop:read", resource("loop")), ["role_not_permitted"])
}

test_operator_not_permitted_to_read_audit if {
	denied(request(subject(["operator"]), "audit:read", resource("audit")), ["role_not_permitted"])
}

test_analyst_allowed_to_conclude_experiments if {
	allowed(request(subject(["analyst"]), "experiment:conclude", resource("experiment")))
}

test_analyst_not_permitted_to_read_audit if {
	denied(request(subject(["analyst"]), "audit:read", resource("audit")), ["role_not_permitted"])
}

test_unknown_role_grants_nothing if {
	denied(request(subject(["superuser"]), "loop:read", resource("loop")), ["role_not_permitted"])
}

test_any_role_may_grant if {
	allowed(request(subject(["auditor", "operator"]), "loop:configure", resource("loop")))
}

# --- clearance --------------------------------------------------------------------------------

test_insufficient_clearance_denied if {
	sub := object.union(subject(["viewer"]), {"clearance": "internal"})
	res := object.union(resource("loop"), {"classification": "restricted"})
	denied(request(sub, "loop:read", res), ["insufficient_clearance"])
}

test_equal_clearance_allowed if {
	sub := object.union(subject(["viewer"]), {"clearance": "confidential"})
	res := object.union(resource("loop"), {"classification": "confidential"})
	allowed(request(sub, "loop:read", res))
}

test_classification_defaults_to_internal if {
	sub := object.union(subject(["viewer"]), {"clearance": "public"})
	denied(request(sub, "loop:read", resource("loop")), ["insufficient_clearance"])
}

test_role_and_clearance_failures_are_combined if {
	sub := object.union(subject(["viewer"]), {"clearance": "public"})
	denied(request(sub, "loop:create", resource("loop")), ["insufficient_clearance", "role_not_permitted"])
}

# --- MFA for governance -----------------------------------------------------------------------

test_governance_without_mfa_denied if {
	sub := object.union(subject(["operator"]), {"mfa": false})
	denied(request(sub, "playbook:publish", resource("playbook")), ["mfa_required"])
}

test_governance_with_mfa_allowed if {
	allowed(request(subject(["operator"]), "playbook:publish", resource("playbook")))
}

test_non_governance_without_mfa_allowed if {
	sub := object.union(subject(["operator"]), {"mfa": false})
	allowed(request(sub, "loop:pause", resource("loop")))
}

# --- dual control -----------------------------------------------------------------------------

purge_request(approvals) := req if {
	base := request(subject(["tenant_admin"]), "tenant:purge", resource("tenant"))
	req := object.union(base, {"context": {"approvals": approvals}})
}

test_destructive_with_two_approvers_allowed if {
	allowed(purge_request(["user-2", "user-3"]))
}

test_destructive_without_approvers_denied if {
	denied(purge_request([]), ["dual_control_required"])
}

test_requester_is_not_an_approver if {
	denied(purge_request(["user-1", "user-2"]), ["dual_control_required"])
}

test_approvers_must_be_distinct if {
	denied(purge_request(["user-2", "user-2"]), ["dual_control_required"])
}

test_destructive_reports_mfa_and_dual_control if {
	sub := object.union(subject(["tenant_admin"]), {"mfa": false})
	denied(request(sub, "audit:set_retention", resource("audit")), ["dual_control_required", "mfa_required"])
}

# --- agent scope: tasks -----------------------------------------------------------------------

task(assignee) := object.union(resource("task"), {"id": "task-1", "assignee": assignee})

test_agent_completes_own_task if {
	allowed(request(agent_subject, "task:complete", task("agent-7")))
}

test_agent_not_assignee_denied if {
	denied(request(agent_subject, "task:complete", task("agent-8")), ["not_assignee"])
}

test_agent_reads_specific_task_of_other_agent_denied if {
	denied(request(agent_subject, "task:read", task("agent-8")), ["not_assignee"])
}

test_agent_lists_tasks if {
	allowed(request(agent_subject, "task:read", resource("task")))
}

test_agent_with_another_granting_role_is_not_restricted if {
	sub := object.union(agent_subject, {"roles": ["agent", "operator"]})
	allowed(request(sub, "task:complete", task("agent-8")))
}

# --- agent scope: channels --------------------------------------------------------------------

channel(members) := object.union(resource("channel"), {"id": "channel-1", "members": members})

test_agent_posts_to_own_channel if {
	allowed(request(agent_subject, "channel:post", channel(["agent-7", "agent-8"])))
}

test_agent_not_channel_member_denied if {
	denied(request(agent_subject, "channel:post", channel(["agent-8"])), ["not_channel_member"])
}

test_agent_without_member_list_denied if {
	denied(request(agent_subject, "channel:ack", object.union(resource("channel"), {"id": "channel-1"})), ["not_channel_member"])
}

test_agent_lists_channels if {
	allowed(request(agent_subject, "channel:read", resource("channel")))
}

test_agent_not_permitted_to_create_channels if {
	denied(request(agent_subject, "channel:create", resource("channel")), ["role_not_permitted"])
}

# --- platform actions -------------------------------------------------------------------------

new_tenant := {"type": "tenant", "tenantId": "0195f7a3-0000-7000-8000-000000000001"}

test_platform_admin_provisions_tenants if {
	allowed(request(platform_subject, "tenant:provision", new_tenant))
}

test_platform_admin_needs_mfa if {
	sub := object.union(platform_subject, {"mfa": false})
	denied(request(sub, "tenant:provision", new_tenant), ["mfa_required"])
}

test_platform_action_outside_platform_tenant_denied if {
	denied(request(subject(["platform_admin"]), "tenant:suspend", resource("tenant")), ["tenant_mismatch"])
}

test_tenant_admin_cannot_suspend_tenants if {
	sub := object.union(subject(["tenant_admin"]), {"tenantId": platform_tenant})
	denied(request(sub, "tenant:suspend", resource("tenant")), ["role_not_permitted"])
}

# --- obligations ------------------------------------------------------------------------------

test_viewer_reading_confidential_data_is_masked if {
	res := object.union(resource("loop"), {"classification": "confidential"})
	d := decide(request(subject(["viewer"]), "loop:read", res))
	d.allow == true
	d.obligations == ["audit", "mask_payload"]
}

test_operator_reading_confidential_data_is_not_masked if {
	res := object.union(resource("loop"), {"classification": "confidential"})
	d := decide(request(subject(["viewer", "operator"]), "loop:read", res))
	d.allow == true
	d.obligations == ["audit"]
}
