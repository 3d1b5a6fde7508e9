import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI at /api/docs (UI) and /api/docs-json, for whatever controllers the app hosts. */
export function mountOpenApi(app: INestApplication, title: string): void {
  const config = new DocumentBuilder()
    .setTitle(title)
    .setDescription('Kerma radiation dose monitor: dose reports in, skin dose, patient history and dose alerts out.')
    .setVersion('1')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, config), { jsonDocumentUrl: 'api/docs-json' });
}
