//! The cluster DNS records of headless Services (spec §H), as CoreDNS's kubernetes plugin serves
//! them from EndpointSlices: an endpoint per selected pod with an IP, ready if the pod is Ready
//! and not terminating, or always with `publishNotReadyAddresses`; a hostname on the endpoint when
//! the pod's `subdomain` names the Service; the port a Service port targets in that pod.

use serde::Serialize;

use crate::timeline::State;
use crate::view::PodView;

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
        let endpoints: Vec<(&PodView, &str, String)> = pods
            .iter()
            .filter(|p| {
                p.namespace == svc.namespace
                    && !svc.selector.is_empty()
                    && svc.selector.iter().all(|(k, v)| p.labels.get(k).as_deref() == Some(v.as_str()))
                    && p.ip.is_some()
                    && (svc.publish_not_ready_addresses || (p.ready && !p.terminating))
            })
            .map(|p| {
                let ip = p.ip.as_deref().unwrap_or_default();
                // CoreDNS names an endpoint after its hostname, or else its dashed IP
                // (`endpointHostname`), and answers for either name.
                let host = if *p.subdomain == *svc.name && !p.hostname.is_empty() { p.hostname.to_string() } else { ip.replace('.', "-") };
                (*p, ip, host)
            })
            .collect();
        for (_, ip, host) in &endpoints {
            out.push(DnsRecord { name: domain.clone(), record_type: "A", data: (*ip).to_owned() });
            out.push(DnsRecord { name: format!("{host}.{domain}"), record_type: "A", data: (*ip).to_owned() });
        }
        for port in &svc.ports {
            // An endpoint has the port its pod has for the target (a named target the pod does
            // not have leaves the pod out: `getEndpointPorts`), and SRV answers with that port.
            let targets: Vec<(i64, &str)> = endpoints
                .iter()
                .filter_map(|(pod, _, host)| Some((pod.find_port(&port.target_port, &port.protocol)?, host.as_str())))
                .collect();
            if targets.is_empty() {
                continue;
            }
            let name = format!("_{}._{}.{domain}", port.name, port.protocol.to_ascii_lowercase());
            let weight = 100 / targets.len();
            for (number, host) in targets {
                out.push(DnsRecord { name: name.clone(), record_type: "SRV", data: format!("0 {weight} {number} {host}.{domain}.") });
            }
        }
    }
    order::sort(&mut out);
    out
}
