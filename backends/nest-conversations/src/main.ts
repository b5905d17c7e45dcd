import 'reflect-metadata';
import { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { parseServerOptions } from './options';

/**
 * Test server for seed 002 (NestJS chat module).
 * Usage: node dist/main.js [--port N] [--data-dir DIR]
 */
async function bootstrap(): Promise<void> {
  const options = parseServerOptions(process.argv.slice(2));
  // Only warnings and errors (on stderr): stdout carries the one "listening on" line.
  const app = await NestFactory.create(AppModule.forRoot(options), { logger: ['error', 'warn'] });
  app.enableCors();
  await app.listen(options.port, options.host);
  const { port } = app.getHttpServer().address() as AddressInfo;
  process.stdout.write(`listening on http://127.0.0.1:${port}\n`);

  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    app.getHttpServer().closeAllConnections();
    app.close().then(() => process.exit(0), (error) => {
      console.error(error);
      process.exit(1);
    });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

bootstrap().catch((error) => {
  console.error(error);
  process.exit(1);
});
