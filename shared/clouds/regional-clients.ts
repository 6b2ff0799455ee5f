/** One client per region, made on first use: ECS and CBS address a region through its client. */
export class RegionalClients<C extends { callCount: number }> {
  private readonly clients = new Map<string, C>();

  constructor(private readonly make: (region: string) => C) {}

  for(region: string): C {
    let client = this.clients.get(region);
    if (!client) {
      client = this.make(region);
      this.clients.set(region, client);
    }
    return client;
  }

  get callCount(): number {
    let n = 0;
    for (const c of this.clients.values()) n += c.callCount;
    return n;
  }
}
