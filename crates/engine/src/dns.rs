//! The cluster DNS records of headless Services (spec §H), as CoreDNS's kubernetes plugin serves
//! them from EndpointSlices: an endpoint per selected pod with an IP, ready if the pod is Ready
//! and not terminating, or always with `publishNotReadyAddresses`; a hostname on the endpoint when
//! the pod's `subdomain` names the Service.

use serde::Serialize;

use crate::timeline::State;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DnsRecord {
    /// The fully qualified name, without the trailing dot.
    pub name: String,
    /// `A` or `SRV`.
    #[serde(rename = "type")]
    pub record_type: &'static str,
    /// An IP for `A`; `priority weight port target` for `SRV`.
    pub data: String,
}

pub(crate) fn dns_records(state: &State) -> Vec<DnsRecord> {
    let mut out = Vec::new();
    // Listed once: the state's pods are found among all its objects, and a paste can hold
    // thousands of Services.
    let pods: Vec<_> = state.pods().collect();
    for svc in state.services().filter(|s| s.headless) {
        let domain = format!("{}.{}.svc.cluster.local", svc.name, svc.namespace);
        let endpoints: Vec<(&str, Option<String>)> = pods
            .iter()
            .filter(|p| {
                p.namespace == svc.namespace
                    && !svc.selector.is_empty()
                    && svc.selector.iter().all(|(k, v)| p.labels.get(k).as_deref() == Some(v.as_str()))
                    && p.ip.is_some()
                    && (svc.publish_not_ready_addresses || (p.ready && !p.terminating))
            })
            .map(|p| {
                let hostname = (*p.subdomain == *svc.name && !p.hostname.is_empty()).then(|| p.hostname.to_string());
                (p.ip.as_deref().unwrap_or_default(), hostname)
            })
            .collect();
        for (ip, hostname) in &endpoints {
            out.push(DnsRecord { name: domain.clone(), record_type: "A", data: (*ip).to_owned() });
            if let Some(h) = hostname {
                out.push(DnsRecord { name: format!("{h}.{domain}"), record_type: "A", data: (*ip).to_owned() });
            }
        }
        if endpoints.is_empty() {
            continue;
        }
        let weight = 100 / endpoints.len();
        for (port_name, port, protocol) in &svc.ports {
            let name = format!("_{port_name}._{}.{domain}", protocol.to_ascii_lowercase());
            for (ip, hostname) in &endpoints {
                // CoreDNS names an endpoint without a hostname after its dashed IP.
                let target = hostname.clone().unwrap_or_else(|| ip.replace('.', "-"));
                out.push(DnsRecord { name: name.clone(), record_type: "SRV", data: format!("0 {weight} {port} {target}.{domain}.") });
            }
        }
    }
    order::sort(&mut out);
    out
}
