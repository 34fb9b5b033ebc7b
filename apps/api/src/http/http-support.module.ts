import { Global, Module } from '@nestjs/common';
import { StreamCatalog } from './stream-catalog';

@Global()
@Module({ providers: [StreamCatalog], exports: [StreamCatalog] })
export class HttpSupportModule {}
