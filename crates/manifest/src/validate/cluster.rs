//! Service, Node and Namespace validation (`pkg/apis/core/validation/validation.go`).

use std::net::IpAddr;

use super::field::{quote, Field, Finding};
use super::meta::{self, NameRule};
use super::names;
use super::workload::{port_num, port_num_or_name};
use crate::model::{Namespace, Node, Service};

pub(crate) fn service(svc: &Service) -> Vec<Finding> {
    let mut out = meta::object_meta(&svc.metadata, true, NameRule::Dns1035);
    let f = Field::root("spec");
    let ip = svc.spec.cluster_ip.as_deref().unwrap_or("");
    if !ip.is_empty() && ip != "None" && ip.parse::<IpAddr>().is_err() {
        let at = f.child("clusterIP").shown_as("spec.clusterIPs[0]");
        out.push(at.invalid(quote(ip), "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
    }
    let ports = &svc.spec.ports;
    // An ExternalName Service is a DNS alias: it needs no ports.
    if ports.is_empty() && !svc.is_headless() && svc.spec.service_type.as_deref() != Some("ExternalName") {
        out.push(f.child("ports").required(""));
    }
    let repeated = order::repeats(&ports.iter().map(|p| p.name.as_deref().unwrap_or("")).collect::<Vec<_>>());
    for (i, p) in ports.iter().enumerate() {
        let pf = f.child("ports").index(i);
        match p.name.as_deref().filter(|n| !n.is_empty()) {
            None if ports.len() > 1 => out.push(pf.child("name").required("")),
            None => {}
            Some(name) => {
                out.extend(pf.child("name").each_invalid(name, names::dns1123_label(name)));
                if repeated[i] {
                    out.push(pf.child("name").duplicate(quote(name)));
                }
            }
        }
        out.extend(port_num(p.port, &pf.child("port")));
        if let Some(proto) = p.protocol.as_deref().filter(|p| !matches!(*p, "TCP" | "UDP" | "SCTP")) {
            out.push(pf.child("protocol").not_supported(proto, &["SCTP", "TCP", "UDP"]));
        }
        // Checked as defaulted (unset is the port, so a bad port is reported twice, as the API
        // server does). A headless Service may name another port: `validateServicePort`
        // tolerates it in the v1 API.
        out.extend(port_num_or_name(Some(&p.target()), &pf.child("targetPort")));
    }
    // Each (protocol, port) pair once: the API server prints the pair as the Go struct it keys by.
    let pairs: Vec<(&str, i64)> = ports.iter().map(|p| (p.protocol.as_deref().unwrap_or("TCP"), p.port)).collect();
    for (i, (&(protocol, port), repeated)) in pairs.iter().zip(order::repeats(&pairs)).enumerate() {
        if repeated {
            out.push(f.child("ports").index(i).duplicate(format!(
                "core.ServicePort{{Name:\"\", Protocol:{}, AppProtocol:(*string)(nil), Port:{port}, TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}, NodePort:0}}",
                quote(protocol)
            )));
        }
    }
    if let Some(selector) = &svc.spec.selector {
        out.extend(meta::labels(selector, &f.child("selector")));
    }
    out
}

pub(crate) fn node(node: &Node) -> Vec<Finding> {
    let mut out = meta::object_meta(&node.metadata, false, NameRule::Subdomain);
    let repeated = order::repeats(&node.spec.taints.iter().map(|t| (t.key.as_str(), t.effect.as_str())).collect::<Vec<_>>());
    for (i, t) in node.spec.taints.iter().enumerate() {
        // Written under spec, named under metadata: `ValidateNode` hangs the taints' path off
        // `metadata`.
        let tf = Field::root("spec").child("taints").index(i).shown_as(&format!("metadata.taints[{i}]"));
        out.extend(tf.child("key").each_invalid(&t.key, names::label_key(&t.key)));
        let value_problems = names::label_value(&t.value);
        if !value_problems.is_empty() {
            out.push(tf.child("value").invalid(quote(&t.value), &value_problems.join(";")));
        }
        match t.effect.as_str() {
            "" => out.push(tf.child("effect").required("")),
            "NoSchedule" | "PreferNoSchedule" | "NoExecute" => {}
            other => out.push(tf.child("effect").not_supported(other, &["NoSchedule", "PreferNoSchedule", "NoExecute"])),
        }
        if repeated[i] {
            out.push(tf.duplicate(format!(
                "core.Taint{{Key:{}, Value:{}, Effect:{}, TimeAdded:<nil>}}: taints must be unique by key and effect pair",
                quote(&t.key),
                quote(&t.value),
                quote(&t.effect)
            )));
        }
    }
    out
}

pub(crate) fn namespace(ns: &Namespace) -> Vec<Finding> {
    meta::object_meta(&ns.metadata, false, NameRule::Label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{IntOrString, NodeSpec, ObjectMeta, ServicePort, ServiceSpec, Taint};

    #[test]
    fn services() {
        let svc = Service {
            metadata: ObjectMeta { name: "nginx".into(), ..ObjectMeta::default() },
            spec: ServiceSpec {
                cluster_ip: Some("None".into()),
                ports: vec![
                    ServicePort { name: Some("web".into()), port: 80, target_port: Some(IntOrString::Int(0)), ..ServicePort::default() },
                    ServicePort { name: None, port: 70000, protocol: Some("HTTP".into()), target_port: None },
                    ServicePort { name: Some("admin".into()), port: 81, target_port: Some(IntOrString::String("no_such".into())), ..ServicePort::default() },
                    // Port 80 again: over UDP it is another pair; over TCP (the default) the same.
                    ServicePort { name: Some("dns".into()), port: 80, protocol: Some("UDP".into()), target_port: None },
                    ServicePort { name: Some("again".into()), port: 80, protocol: None, target_port: None },
                ],
                ..ServiceSpec::default()
            },
        };
        let m: Vec<String> = service(&svc).into_iter().map(|f| f.message).collect();
        assert_eq!(m, [
            "spec.ports[1].name: Required value",
            "spec.ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
            "spec.ports[1].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
            "spec.ports[1].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
            "spec.ports[2].targetPort: Invalid value: \"no_such\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            "spec.ports[4]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}",
        ]);
    }

    #[test]
    fn an_external_name_service_needs_no_ports() {
        let mut svc = Service { metadata: ObjectMeta { name: "db".into(), ..ObjectMeta::default() }, ..Service::default() };
        assert_eq!(service(&svc).into_iter().map(|f| f.message).collect::<Vec<_>>(), ["spec.ports: Required value"]);
        svc.spec.service_type = Some("ExternalName".into());
        assert!(service(&svc).is_empty());
    }

    #[test]
    fn taints() {
        let taint = |effect: &str| Taint { key: "dedicated".into(), value: "db".into(), effect: effect.into() };
        let n = Node {
            metadata: ObjectMeta { name: "node-1".into(), ..ObjectMeta::default() },
            spec: NodeSpec { taints: vec![taint("NoSchedule"), taint("Sometimes"), taint("NoSchedule")], unschedulable: false },
        };
        let m: Vec<String> = node(&n).into_iter().map(|f| f.message).collect();
        // `ValidateNode` names the taints under metadata, though they are written under spec.
        assert_eq!(m[0], "metadata.taints[1].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"");
        assert!(m[1].starts_with("metadata.taints[2]: Duplicate value: core.Taint{Key:\"dedicated\""));
    }
}
